"""XLIFF 1.2 and 2.0 for CAT tools: export, import through the PO checks, safety."""

import copy
import re
import shutil
import subprocess
import tempfile
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from lxml import etree
from translate.storage import xliff, xliff2

from articles.models import Article, CatalogUpload, Revision
from articles.translations.checks import CITATION_MISSING, MARKUP_MISSING
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import catalog_import
from articles.translations.po.reading import TOO_LARGE, CatalogError
from articles.translations.xliff.files import (
    DOCTYPE,
    NO_LANGUAGE,
    NOT_XLIFF,
    NOT_XML,
    xliff_read,
    xliff_write,
)
from tests.factories import edit, make_article, staff
from tests.helpers import exported, import_catalog

NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS20 = {
    "x": "urn:oasis:names:tc:xliff:document:2.0",
    "m": "urn:oasis:names:tc:xliff:matches:2.0",
}
LINK = 'See <a href="https://pubmed.ncbi.nlm.nih.gov/2/">the <em>trial</em></a> [2].'
BODY = f"<p>Capsaicin works &amp; helps. [1]</p><p>{LINK}</p>"
WORDS = {
    "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
    "Capsaicin works & helps.": "Capsaïcine werkt & helpt.",
    "Capsaicin works &amp; helps.": "Capsaïcine werkt &amp; helpt.",
    "Patches for pain.": "Pleisters tegen pijn.",
    "First version.": "Eerste versie.",
    "See": "Zie",
    "the ": "de ",
    "trial": "studie",
}


def dutch(text: str) -> str:
    for english, translated in WORDS.items():
        text = text.replace(english, translated)
    return text


def xliff_export(version: str = "1.2", **kwargs) -> bytes:
    return xliff_write(
        catalog_export(language="nl", **kwargs), source_language="en", version=version
    )


def refusal(data: bytes) -> str:
    try:
        catalog_import(data=data, filename="nl.xlf", language=None, user=None)
    except CatalogError as error:
        return str(error)
    raise AssertionError("the file was accepted")


def fill(store) -> bytes:
    """Translate every unit as a translator in a CAT tool: codes kept, confirmed."""

    def translate(element):
        for index, part in enumerate(element.sub):
            if isinstance(part, str):
                element.sub[index] = dutch(part)
            else:
                translate(part)

    for unit in store.units:
        rich = copy.deepcopy(unit.rich_source)
        for element in rich:
            translate(element)
        unit.rich_target = rich
        unit.markfuzzy(False)
    return bytes(store)


def po_route():
    """The dry run of the same translation made in the exported PO catalog."""
    catalog = exported()
    for entry in catalog:
        entry.msgstr = dutch(entry.msgid)
    return import_catalog(catalog, dry_run=True)


def results(report) -> list[tuple[str, str, str, str, str]]:
    return sorted(
        (e.context, e.outcome, e.reason, e.old, e.new) for e in report.entries()
    )


class XliffExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            references=2, body_en=BODY, meta_description_en="Patches for pain."
        )

    def test_units_are_the_po_entries_with_protected_codes(self):
        root = etree.fromstring(xliff_export())
        file = root.find("x:file", NS12)
        self.assertEqual(
            (file.get("source-language"), file.get("target-language")), ("en", "nl")
        )
        units = {u.get("id"): u for u in root.iterfind(".//x:trans-unit", NS12)}
        self.assertEqual(
            set(units), {e.msgctxt for e in exported()}
        )  # the segment key is the unit's id
        link = units["capsaicin-for-nerve-pain/b2"]
        self.assertEqual(
            etree.tostring(
                link.find("x:source", NS12), encoding="unicode", with_tail=False
            ).split(">", 1)[1],
            'See <g id="a1" ctype="link">the <g id="em1" ctype="italic">trial</g></g>'
            ' <x id="c1" ctype="x-citation" equiv-text="[2]"/>.</source>',
        )
        self.assertIn("Where: body, paragraph 2 of 2", link.find("x:note", NS12).text)
        self.assertEqual(units["capsaicin-for-nerve-pain/meta"].get("maxwidth"), "300")
        self.assertEqual(
            units["capsaicin-for-nerve-pain/b1"].find("x:source", NS12).text,
            "Capsaicin works & helps. ",
        )

    def test_fuzzy_outdated_and_memory_are_states_and_alternatives(self):
        import_catalog(
            "\n".join(
                [
                    str(exported()).split("\n\n")[0],
                    'msgctxt "capsaicin-for-nerve-pain/b1"',
                    'msgid "Capsaicin works &amp; helps. [1]"',
                    'msgstr "Capsaïcine werkt &amp; helpt. [1]"',
                ]
            )
        )
        make_article(
            title_en="Lidocaine",
            body_en="<p>Capsaicin works &amp; helps. [1]</p>",
        )
        lidocaine = Article.objects.filter(title_en="Lidocaine")
        root = etree.fromstring(xliff_export(articles=lidocaine))
        suggested = root.find(".//x:trans-unit[@id='lidocaine/b1']", NS12)
        self.assertEqual(
            (
                suggested.find("x:target", NS12).get("state"),
                suggested.find("x:target", NS12).text,
            ),
            ("new", "Capsaicin works & helps. "),
        )
        memory = suggested.find("x:alt-trans", NS12)
        self.assertEqual(
            (memory.get("origin"), memory.get("alttranstype")),
            ("translation memory", "proposal"),
        )
        self.assertEqual(
            memory.find("x:target", NS12).text, "Capsaïcine werkt & helpt. "
        )
        edit(self.article, body_en=BODY.replace("helps", "helps a lot"))
        for version, namespace in (("1.2", NS12), ("2.0", NS20)):
            root = etree.fromstring(xliff_export(version))
            if version == "1.2":
                outdated = root.find(
                    ".//x:trans-unit[@id='capsaicin-for-nerve-pain/b1']", namespace
                )
                self.assertEqual(
                    outdated.find("x:target", namespace).get("state"),
                    "needs-translation",
                )
                previous = outdated.find("x:alt-trans", namespace)
                self.assertEqual(previous.get("alttranstype"), "previous-version")
                self.assertEqual(
                    previous.find("x:source", namespace).text,
                    "Capsaicin works & helps. ",
                )
            else:
                outdated = root.find(
                    ".//x:unit[@id='capsaicin-for-nerve-pain:b1']", namespace
                )
                segment = outdated.find("x:segment", namespace)
                self.assertEqual(
                    (segment.get("state"), segment.get("subState")),
                    ("initial", "clinic_cms:outdated"),
                )
                self.assertEqual(
                    outdated.find("m:matches/m:match", namespace).get("origin"),
                    "previous version",
                )

    def test_text_fields_and_html_read_back_as_exported(self):
        """A title is text ("&" is "&"), a paragraph HTML ("&amp;" is "&")."""
        article = make_article(
            title_en="Pain & nerves <5 mg>",
            meta_description_en="A & B",
            body_en="<p>x &amp; y &lt;5 mg&gt;&nbsp;z</p>",
        )
        catalog = catalog_export(
            language="nl", articles=Article.objects.filter(pk=article.pk)
        )
        for version in ("1.2", "2.0"):
            data = xliff_write(catalog, source_language="en", version=version)
            self.assertEqual(
                [(e.msgctxt, e.msgid) for e in xliff_read(data)],
                [(e.msgctxt, e.msgid) for e in catalog],
            )
            self.assertIn(b">Pain &amp; nerves &lt;5 mg&gt;<", data)
            self.assertIn(">x &amp; y &lt;5 mg&gt;\u00a0z<".encode(), data)

    def test_the_export_command(self):
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "nl.xlf"
            out = StringIO()
            call_command(
                "export_xliff",
                "--language",
                "nl",
                "--xliff-version",
                "2.0",
                "--output",
                str(target),
                stdout=out,
            )
            root = etree.parse(str(target)).getroot()
        self.assertEqual((root.get("srcLang"), root.get("trgLang")), ("en", "nl"))
        self.assertIn("nl.xlf: 5 units (XLIFF 2.0)", out.getvalue())


class XliffImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            references=2, body_en=BODY, meta_description_en="Patches for pain."
        )

    def test_translate_toolkit_fills_both_versions_as_the_po_route_does(self):
        expected = results(po_route())
        self.assertEqual({outcome for _c, outcome, *_ in expected}, {"applied"})
        for version, store_class in (
            ("1.2", xliff.xlifffile),
            ("2.0", xliff2.Xliff2File),
        ):
            with self.subTest(version):
                data = fill(store_class.parsestring(xliff_export(version)))
                report = catalog_import(
                    data=data, filename="nl.xlf", language=None, user=None, dry_run=True
                )
                self.assertEqual(results(report), expected)
        report = catalog_import(data=data, filename="nl.xlf", language=None, user=None)
        self.assertEqual(report.summary()["applied"], 5)
        page = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(page, "Capsaïcine werkt &amp; helpt.")
        self.assertContains(
            page,
            'Zie <a href="https://pubmed.ncbi.nlm.nih.gov/2/" rel="noopener noreferrer">'
            "de <em>studie</em></a>",
        )

    def test_a_lost_code_is_rejected_with_the_line_of_its_unit(self):
        store = xliff.xlifffile.parsestring(xliff_export())
        text = fill(store).decode()
        text = re.sub(
            r'(<target[^>]*>Zie <g id="a1" ctype="link">de <g id="em1" ctype="italic">'
            r"studie</g></g>) <x [^>]*/>",
            r"\1",
            text,
        )
        text = text.replace(
            '<target state="translated">Capsaïcine werkt &amp; helpt. <x',
            '<target state="translated">Capsaïcine werkt &amp; helpt. <g id="b1">!</g><x',
        )
        text = text.replace('<g id="a1" ctype="link">de', "de").replace(
            "studie</g></g>", "studie</g>", 1
        )
        report = catalog_import(
            data=text.encode(), filename="nl.xlf", language=None, user=None
        )
        lines = text.splitlines()
        outcome = {e.context: e for e in report.entries()}
        link = outcome["capsaicin-for-nerve-pain/b2"]
        self.assertEqual(
            (link.outcome, link.reason),
            ("rejected", str(MARKUP_MISSING % {"tag": '</a> <a id="a1">'})),
        )
        self.assertIn('id="capsaicin-for-nerve-pain/b2"', lines[link.line - 1])
        self.assertEqual(outcome["capsaicin-for-nerve-pain/b1"].outcome, "applied")
        self.assertEqual(
            outcome["capsaicin-for-nerve-pain/b1"].new,
            "Capsaïcine werkt &amp; helpt. ![1]",
        )

    def test_comments_and_cdata_are_read_as_xml_reads_them(self):
        text = fill(xliff.xlifffile.parsestring(xliff_export())).decode()
        changed = re.sub(
            r"(<target[^>]*>)Capsaïcine werkt &amp; helpt\.",
            r"\1<!-- checked --><![CDATA[Capsaïcine werkt & helpt.]]>",
            text,
        )
        self.assertNotEqual(changed, text)
        text = changed
        report = catalog_import(
            data=text.encode(), filename="nl.xlf", language=None, user=None
        )
        entry = next(
            e for e in report.entries() if e.context == "capsaicin-for-nerve-pain/b1"
        )
        self.assertEqual(
            (entry.outcome, entry.new), ("applied", "Capsaïcine werkt &amp; helpt. [1]")
        )

    def test_a_lost_citation_is_rejected(self):
        text = fill(xliff.xlifffile.parsestring(xliff_export())).decode()
        text = re.sub(
            r"(<target[^>]*>Capsaïcine werkt &amp; helpt\. )<x [^>]*/>", r"\1", text
        )
        report = catalog_import(
            data=text.encode(), filename="nl.xlf", language=None, user=None
        )
        entry = next(
            e for e in report.entries() if e.context == "capsaicin-for-nerve-pain/b1"
        )
        self.assertEqual(entry.reason, str(CITATION_MISSING % {"marker": "[1]"}))

    def test_a_unit_that_needs_review_is_skipped_unless_asked(self):
        store = xliff.xlifffile.parsestring(xliff_export())
        data = fill(store)
        data = data.replace(b'approved="yes"', b"", 1).replace(
            b'state="translated"', b'state="needs-review-translation"', 1
        )
        report = catalog_import(
            data=data, filename="nl.xlf", language=None, user=None, dry_run=True
        )
        self.assertEqual(report.summary()["skipped (fuzzy)"], 1)
        report = catalog_import(
            data=data,
            filename="nl.xlf",
            language=None,
            user=None,
            dry_run=True,
            apply_fuzzy=True,
        )
        self.assertEqual(report.summary()["applied"], 5)

    def test_a_changed_source_is_stale(self):
        data = fill(xliff.xlifffile.parsestring(xliff_export()))
        edit(self.article, body_en=BODY.replace("helps", "helps a lot"))
        report = catalog_import(data=data, filename="nl.xlf", language=None, user=None)
        self.assertEqual(report.summary()["stale"], 1)

    def test_the_import_command_and_its_dry_run(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.xlf"
            path.write_bytes(fill(xliff.xlifffile.parsestring(xliff_export())))
            out = StringIO()
            call_command("import_xliff", str(path), "--dry-run", stdout=out)
            self.assertIn("dry run, nothing changed. applied: 5", out.getvalue())
            self.assertEqual(Revision.objects.count(), 1)
            call_command("import_xliff", str(path), stdout=StringIO())
            self.assertEqual(Revision.objects.count(), 2)
            po = Path(folder) / "nl.po"
            po.write_text(str(exported()))
            with self.assertRaisesMessage(CommandError, "is not an XLIFF file"):
                call_command("import_xliff", str(po))

    def test_the_admin_upload_recognises_xliff(self):
        self.client.force_login(staff("translator"))
        data = fill(xliff2.Xliff2File.parsestring(xliff_export("2.0")))
        response = self.client.post(
            "/admin/articles/article/translations/import/",
            {"file": SimpleUploadedFile("nl.xlf", data)},
        )
        self.assertContains(
            response,
            '<ins>Zie <code class="markup">&lt;a id=&quot;a1&quot;&gt;</code>de '
            '<code class="markup">&lt;em&gt;</code>studie',
        )
        self.assertContains(response, "Pleisters tegen pijn.")
        pending = CatalogUpload.objects.get()
        self.assertEqual(pending.language, "nl")
        response = self.client.post(
            f"/admin/articles/article/translations/import/{pending.pk}/apply/"
        )
        self.assertContains(response, "Applied 5 entries; 0 rejected, 0 stale.")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file source-language="en" target-language="nl" original="a" datatype="html"><body>
<trans-unit id="capsaicin-for-nerve-pain/title"><source>Capsaicin for nerve pain</source>
<target>&lol9;</target></trans-unit></body></file></xliff>
"""


class XliffSafetyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(references=2, body_en=BODY)

    def test_external_entities_and_entity_bombs_are_refused(self):
        secret = Path(tempfile.mkdtemp()) / "secret.txt"
        secret.write_text("top secret")
        xxe = BILLION_LAUGHS.replace(
            BILLION_LAUGHS[
                BILLION_LAUGHS.index(b"<!DOCTYPE") : BILLION_LAUGHS.index(b"]>")
            ],
            f'<!DOCTYPE xliff [<!ENTITY lol9 SYSTEM "file://{secret}">'.encode(),
        )
        utf16 = xxe.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16")
        for data in (BILLION_LAUGHS, xxe, utf16):
            self.assertEqual(refusal(data), str(DOCTYPE))
        self.assertEqual(Revision.objects.count(), 1)

    def test_a_file_without_the_dtd_but_with_an_entity_is_not_xml(self):
        data = BILLION_LAUGHS.split(b"]>\n", 1)[1]
        self.assertEqual(
            refusal(data),
            str(NOT_XML % {"line": 4, "error": "Entity 'lol9' not defined"}),
        )

    def test_other_xml_languages_and_size(self):
        self.assertEqual(refusal(b"<html><body/></html>"), str(NOT_XLIFF))
        german = xliff_export().replace(
            b'target-language="nl"', b'target-language="de"'
        )
        self.assertEqual(
            refusal(german),
            str(NO_LANGUAGE % {"attribute": "target-language", "value": "de"}),
        )
        with override_settings(CATALOG_MAX_MB=0):
            self.assertEqual(refusal(xliff_export()), str(TOO_LARGE % {"limit": 0}))


class XliffDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_every_demo_entry_reads_back_as_exported(self):
        catalog = catalog_export(language="nl")
        for version in ("1.2", "2.0"):
            data = xliff_write(catalog, source_language="en", version=version)
            self.assertEqual(
                [(e.msgctxt, e.msgid, e.msgstr) for e in xliff_read(data)],
                [(e.msgctxt, e.msgid, e.msgstr) for e in catalog],
            )
            report = catalog_import(
                data=data, filename="nl.xlf", language=None, user=None, dry_run=True
            )
            self.assertEqual(report.summary()["applied"], 0)
            # Everything but the change notes, which the demo leaves untranslated.
            notes = [e for e in catalog if "/note" in e.msgctxt]
            self.assertEqual(report.summary()["untranslated"], len(notes))
            self.assertEqual(report.summary()["unchanged"], len(catalog) - len(notes))


OMEGAT = Path("/usr/share/omegat/OmegaT.jar")
OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
  <source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>
  <tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir>
  <glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>
  <source_lang>EN</source_lang><target_lang>NL</target_lang>
  <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
  <target_tok>org.omegat.tokenizer.LuceneDutchTokenizer</target_tok>
  <sentence_seg>false</sentence_seg>
  <support_default_translations>true</support_default_translations>
  <remove_tags>false</remove_tags>
</project></omegat>
"""
OMEGAT_FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="true"
 ignoreFileContext="false">
  <filter className="org.omegat.filters3.xml.xliff.XLIFFFilter" enabled="true">
    <files sourceFilenameMask="*.xlf" targetFilenamePattern="${filename}"/>
  </filter>
</filters>
"""


@skipUnless(shutil.which("java") and OMEGAT.exists(), "OmegaT is not installed")
class OmegaTTests(TestCase):
    """OmegaT 3.6 (Debian's package) in console mode translates an exported file."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            references=2, body_en=BODY, meta_description_en="Patches for pain."
        )

    def omegat(self, project: Path, *options: str) -> None:
        subprocess.run(
            [
                "java",
                "-Djava.awt.headless=true",
                "-jar",
                str(OMEGAT),
                *options,
                f"--config-dir={project / 'config'}",
                str(project),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )

    def test_a_file_translated_in_omegat_imports_as_the_po_route_does(self):
        expected = po_route()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        project = Path(folder.name)
        for name in ("source", "target", "tm", "omegat", "glossary", "dictionary"):
            (project / name).mkdir()
        (project / "omegat.project").write_text(OMEGAT_PROJECT)
        (project / "omegat" / "filters.xml").write_text(OMEGAT_FILTERS)
        (project / "source" / "nl.xlf").write_bytes(xliff_export())
        untouched = catalog_import(
            data=xliff_export(),
            filename="nl.xlf",
            language=None,
            user=None,
            dry_run=True,
        )
        self.assertEqual(untouched.summary()["untranslated"], 5)
        # OmegaT's own segments, tags as it shows them, translated as its memory.
        memory = project / "omegat" / "project_save.tmx"
        self.omegat(
            project,
            "--mode=console-createpseudotranslatetmx",
            f"--pseudotranslatetmx={memory}",
            "--pseudotranslatetype=equal",
        )
        tmx = etree.parse(str(memory))
        segments = tmx.findall(".//tuv[@lang='NL']/seg")
        self.assertEqual(len(segments), 5)
        self.assertIn("<g0>", "".join(seg.text for seg in segments))
        for seg in segments:
            seg.text = dutch(seg.text)
        tmx.write(str(memory), encoding="UTF-8", xml_declaration=True)
        self.omegat(project, "--mode=console-translate")
        report = catalog_import(
            data=(project / "target" / "nl.xlf").read_bytes(),
            filename="nl.xlf",
            language=None,
            user=None,
        )
        self.assertEqual(results(report), results(expected))
        self.assertContains(
            self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/"),
            "Capsaïcine werkt &amp; helpt.",
        )

// The article editor: per-language fieldsets as tabs (source language first; a tab
// with a field error opens first), error-summary links that open their field's
// tab, the rich-text editor and the autocompletes named after their labels, spell
// check in each field's language, and slugs filled in from the titles.
"use strict";

const labelFor = (id) => document.querySelector(`label[for="${id}"]`);

function setUpTabs() {
  const sections = [...document.querySelectorAll(".language-section")];
  if (sections.length < 2) return () => {};
  const bar = document.createElement("div");
  bar.className = "language-tabs";
  bar.setAttribute("role", "tablist");
  sections[0].before(bar);
  const show = (index) => {
    sections.forEach((section, i) => {
      section.hidden = i !== index;
      bar.children[i].setAttribute("aria-selected", String(i === index));
    });
  };
  sections.forEach((section, index) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.setAttribute("role", "tab");
    tab.id = `language-tab-${index}`;
    section.setAttribute("role", "tabpanel");
    section.setAttribute("aria-labelledby", tab.id);
    tab.setAttribute("aria-controls", (section.id ||= `language-section-${index}`));
    tab.textContent = section.querySelector("h2").textContent;
    if (section.querySelector(".errors")) tab.classList.add("has-errors");
    tab.addEventListener("click", () => show(index));
    bar.append(tab);
  });
  const withErrors = sections.findIndex((section) => section.querySelector(".errors"));
  show(withErrors === -1 ? 0 : withErrors);
  // Opens the tab that holds an element.
  return (element) => {
    const index = sections.findIndex((section) => section.contains(element));
    if (index !== -1) show(index);
  };
}

function setUpErrorSummary(reveal) {
  const summary = document.querySelector(".error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const target = link && document.getElementById(link.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    reveal(target);
    // The body's textarea is hidden behind its editor: focus the editor.
    const editor = target.closest(".prose-editor")?.querySelector(".ProseMirror[contenteditable]");
    (editor || target).focus();
    (editor || target).scrollIntoView({ block: "center" });
  });
}

// The rich-text editor: named by its field's label, spell-checked in its language.
function nameEditor(dom, textarea) {
  const label = labelFor(textarea.id);
  if (label) {
    label.id ||= `${textarea.id}-label`;
    dom.setAttribute("aria-labelledby", label.id);
  }
  dom.setAttribute("aria-multiline", "true");
  if (textarea.lang) dom.setAttribute("lang", textarea.lang);
  dom.setAttribute("spellcheck", textarea.getAttribute("spellcheck") || "true");
}
document.addEventListener("prose-editor:ready", (event) => {
  nameEditor(event.detail.editor.view.dom, event.detail.textarea);
});
function nameEditors() {
  for (const wrapper of document.querySelectorAll(".prose-editor")) {
    const dom = wrapper.querySelector(".ProseMirror[contenteditable]");
    const textarea = wrapper.querySelector("textarea");
    if (dom && textarea) nameEditor(dom, textarea);
    const menubar = wrapper.querySelector(".prose-menubar");
    if (menubar && window.translateEditorToolbar) window.translateEditorToolbar(menubar);
  }
}

// select2's widgets name themselves by the chosen value only: add the label.
function nameAutocompletes() {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const container = select.nextElementSibling;
    const label = labelFor(select.id);
    if (!container || !label) continue;
    label.id ||= `${select.id}-label`;
    const selection = container.querySelector(".select2-selection");
    if (selection) {
      const rendered = selection.querySelector(".select2-selection__rendered[id]");
      const names = [label.id, rendered && rendered.id].filter(Boolean).join(" ");
      selection.setAttribute("aria-labelledby", names);
    }
    const name = label.textContent.replace(/:\s*$/, "");
    const rendered = container.querySelector(".select2-selection__rendered[role]");
    if (rendered) rendered.setAttribute("aria-label", name);
    const search = container.querySelector(".select2-search__field");
    if (search) search.setAttribute("aria-label", name);
  }
}

// Slugs are filled in from the titles while they are empty and not typed into,
// with Django's own URLify (as the admin's prepopulated fields do).
function prepopulateSlugs() {
  if (typeof window.URLify !== "function") return;
  for (const slug of document.querySelectorAll("input[name^='slug_']")) {
    const title = document.querySelector(`input[name='title_${slug.name.slice(5)}']`);
    if (!title || slug.value || slug.disabled) continue;
    let typed = false;
    slug.addEventListener("input", () => { typed = slug.value !== ""; });
    title.addEventListener("input", () => {
      if (!typed) slug.value = window.URLify(title.value, slug.maxLength > 0 ? slug.maxLength : 255, false);
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const reveal = setUpTabs();
  setUpErrorSummary(reveal);
  prepopulateSlugs();
});
// The editors and select2 build their parts after the page has loaded and redraw
// them on every choice: name them whenever they change.
let naming = false;
const nameAll = () => {
  if (naming) return;
  naming = true;
  requestAnimationFrame(() => {
    nameEditors();
    nameAutocompletes();
    naming = false;
  });
};
new MutationObserver(nameAll).observe(document.documentElement, { childList: true, subtree: true });
window.addEventListener("load", nameAll);

// The rich-text editor's own words in the staff's language. django-prose-editor
// names its toolbar buttons in English and asks Django's JavaScript catalog only
// for its dialogs; both are translated here, through the admin's jsi18n catalog.
"use strict";

window.editorToolbarWords = {
  paragraph: gettext("paragraph"),
  Paragraph: gettext("Paragraph"),
  "Heading 2": gettext("Heading 2"),
  "Heading 3": gettext("Heading 3"),
  "Heading 4": gettext("Heading 4"),
  "unordered list": gettext("unordered list"),
  "ordered list": gettext("ordered list"),
  "List properties": gettext("List properties"),
  blockquote: gettext("blockquote"),
  bold: gettext("bold"),
  italic: gettext("italic"),
  subscript: gettext("subscript"),
  superscript: gettext("superscript"),
  "insert link": gettext("insert link"),
  "remove link": gettext("remove link"),
  undo: gettext("undo"),
  redo: gettext("redo"),
};

// Asked for by the editor's dialogs through gettext(); listed for the catalog.
gettext_noop("URL");
gettext_noop("Title");
gettext_noop("Open in new window");
gettext_noop("Edit Link");
gettext_noop("Update");
gettext_noop("Insert");
gettext_noop("Cancel");
gettext_noop("List type");
gettext_noop("Start at");
gettext_noop("Decimal numbers");
gettext_noop("Lowercase letters");
gettext_noop("Uppercase letters");
gettext_noop("Lowercase Roman numerals");
gettext_noop("Uppercase Roman numerals");

// Translates the titles and labels of a menubar's buttons and options once.
window.translateEditorToolbar = (menubar) => {
  const words = window.editorToolbarWords;
  for (const element of menubar.querySelectorAll("*")) {
    if (element.dataset.translated) continue;
    element.dataset.translated = "1";
    for (const name of ["title", "aria-label"]) {
      const value = element.getAttribute(name);
      if (value && words[value]) element.setAttribute(name, words[value]);
    }
    if (element.childElementCount === 0 && words[element.textContent]) {
      element.textContent = words[element.textContent];
    }
  }
};

// Shows the article editor's per-language fieldsets as tabs, source language first.
// A tab with a field error opens first, so nobody misses what to fix.
document.addEventListener("DOMContentLoaded", () => {
  const sections = [...document.querySelectorAll("fieldset.language-section")];
  if (sections.length < 2) return;
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
    tab.textContent = section.querySelector("h2").textContent;
    if (section.querySelector(".errors")) tab.classList.add("has-errors");
    tab.addEventListener("click", () => show(index));
    bar.append(tab);
  });
  const withErrors = sections.findIndex((section) => section.querySelector(".errors"));
  show(withErrors === -1 ? 0 : withErrors);
});

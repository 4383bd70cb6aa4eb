// Tells the server every few seconds that this page still has the article open,
// and shows who else has it open. Everything it needs comes from the status
// element's data attributes, so no inline script is needed (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("editing-others");
  if (!box) return;
  const form = document.querySelector("form [name=csrfmiddlewaretoken]");
  if (!form) return;
  const token = form.value;
  const seconds = Number(box.dataset.interval) || 15;
  const show = (text) => {
    box.textContent = text;
    box.hidden = !text;
  };
  const ping = async () => {
    try {
      const response = await fetch(box.dataset.pingUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
      });
      if (response.ok) show((await response.json()).text);
    } catch {
      // Offline for a moment: the next ping tries again.
    }
  };
  ping();
  setInterval(ping, seconds * 1000);
  window.addEventListener("pagehide", () => {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    navigator.sendBeacon(box.dataset.leaveUrl, body);
  });
});

// Follows a background task on its page: polls its progress once a second,
// moves the progress bar and, once the task has finished, loads the page
// again, which then shows the report. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("task-progress");
  if (!box) return;
  const bar = document.getElementById("task-progress-bar");
  const text = document.getElementById("task-progress-text");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.progressUrl, {
        credentials: "same-origin",
      });
      if (response.ok) {
        const state = await response.json();
        if (state.finished) {
          window.location.reload();
          return;
        }
        if (state.total) {
          bar.max = state.total;
          bar.value = state.done;
        }
        if (text.textContent !== state.text) text.textContent = state.text;
      }
    } catch {
      // The server did not answer this time: the next poll tries again.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
});

// Keyboard first: r = reply, n = note, j/k = move in the queue, Enter = open, Escape = leave a field.
document.addEventListener("keydown", (event) => {
  const typing = ["TEXTAREA", "INPUT", "SELECT"].includes(document.activeElement.tagName);
  if (event.key === "Escape" && typing) { document.activeElement.blur(); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const focus = (id) => { const el = document.getElementById(id); if (el) { event.preventDefault(); el.focus(); } };
  if (event.key === "r") focus("reply-body");
  if (event.key === "n") focus("note-body");
  const rows = [...document.querySelectorAll("#queue tbody tr[data-href]")];
  if (!rows.length) return;
  let index = rows.findIndex((row) => row.classList.contains("selected"));
  if (event.key === "j" || event.key === "k") {
    if (index >= 0) rows[index].classList.remove("selected");
    index = Math.max(0, Math.min(rows.length - 1, index + (event.key === "j" ? 1 : -1)));
    rows[index].classList.add("selected");
    rows[index].scrollIntoView({ block: "nearest" });
  }
  if (event.key === "Enter" && index >= 0) window.location = rows[index].dataset.href;
});

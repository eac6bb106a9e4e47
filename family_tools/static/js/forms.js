// The site's own few lines for every form (no library needed).

// Text fields keep everything typed: the browser's maxlength would cut a long paste short
// without a word, so the limit becomes a message under the field instead, and the form is
// not sent while the text is too long (the server refuses it too).
for (const note of document.querySelectorAll(".length-limit[data-limit]")) {
  const input = document.getElementById(note.id.replace(/_limit$/, ""));
  if (!input) continue;
  const limit = Number(note.dataset.limit);
  input.removeAttribute("maxlength");
  input.setAttribute(
    "aria-describedby",
    [input.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "),
  );
  const check = () => {
    const length = input.value.length;
    const message = length > limit ? `At most ${limit} characters: this has ${length}.` : "";
    input.setCustomValidity(message);
    note.textContent = message || `At most ${limit} characters.`;
    note.classList.toggle("length-over", Boolean(message));
  };
  input.addEventListener("input", check);
  check();
}

// After a form comes back with errors, the first field in error has the focus, so the
// keyboard is where the fix goes and a screen reader reads its message.
const firstInError = document.querySelector(
  ".field-error input, .field-error select, .field-error textarea",
);
if (firstInError) {
  firstInError.focus();
}

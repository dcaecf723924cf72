// Saves an export the console fetched with the user's token: the file never has an address of its own.
window.casework = {
  save(name, mediaType, base64) {
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
  // An error summary's link moves the focus to its field (a picker's search box, the first of a group's inputs).
  focus(id) {
    const field = document.getElementById(id);
    const target = field && field.matches('input, select, textarea, button') ? field : field?.querySelector('input, select, textarea, button');
    (target ?? field)?.focus();
  },
  // The screen's heading, once what the screen shows changed wholesale (signed in or out): the next Tab reaches its first control.
  focusHeading() {
    document.querySelector('main h1')?.focus();
  }
};

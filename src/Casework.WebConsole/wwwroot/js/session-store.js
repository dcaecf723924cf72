// The signed-in session of this tab (ADR 31): sessionStorage survives a reload, never the tab or another tab, and
// holds the token, who the service says it names and when they last pressed a key or the pointer; and the drafts of
// forms not yet sent (Drafts.cs), the only case content the tab keeps, gone at sign-out with the rest.
(() => {
  const key = 'casework.session';
  const draftPrefix = 'casework.draft.';
  const read = () => JSON.parse(sessionStorage.getItem(key) ?? 'null');
  let lastInput = read()?.lastInput ?? Date.now();
  let written = 0;
  const input = () => {
    lastInput = Date.now();
    const session = read();
    // Written at most every few seconds: a reload keeps the idle clock without a write per key press.
    if (session && lastInput - written > 5000) {
      written = lastInput;
      sessionStorage.setItem(key, JSON.stringify({ ...session, lastInput }));
    }
  };
  for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
    addEventListener(type, input, { capture: true, passive: true });
  }
  window.caseworkSession = {
    save(token, user, signedInAt) { lastInput = Date.now(); sessionStorage.setItem(key, JSON.stringify({ token, user, signedInAt, lastInput })); },
    // A renewed token is not input: the idle clock runs on.
    renewed(token) { const session = read(); if (session) sessionStorage.setItem(key, JSON.stringify({ ...session, token })); },
    token() { return read()?.token ?? null; },
    user() { return read()?.user ?? null; },
    signedInAt() { return read()?.signedInAt ?? null; },
    idleSeconds() { return (Date.now() - lastInput) / 1000; },
    draft(key) { return sessionStorage.getItem(draftPrefix + key); },
    keepDraft(key, json) { sessionStorage.setItem(draftPrefix + key, json); },
    dropDraft(key) { sessionStorage.removeItem(draftPrefix + key); },
    // Sign-out forgets everything the console kept in the tab: the session, the provider's tokens, any draft.
    clear() { sessionStorage.clear(); },
  };
})();

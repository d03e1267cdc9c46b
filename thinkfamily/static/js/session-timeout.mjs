// Idle session warning: two minutes before the server ends an idle session, offer to stay
// signed in; when the time is up, go to the sign-in page (the server has ended the session).
const WARN_BEFORE_SECONDS = 120;

export function initSessionTimeout(body = document.body) {
  const idleSeconds = Number(body.dataset.sessionIdleSeconds || 0);
  const warning = document.getElementById("session-timeout-warning");
  const stay = document.getElementById("session-timeout-stay");
  if (!idleSeconds || !warning || !stay) return;
  let warnTimer;
  let endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => {
      warning.hidden = false;
      stay.focus();
    }, Math.max(idleSeconds - WARN_BEFORE_SECONDS, 0) * 1000);
    endTimer = setTimeout(() => {
      window.location.assign(body.dataset.timedOutUrl);
    }, idleSeconds * 1000);
  };
  stay.addEventListener("click", async () => {
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch(body.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    });
    if (response.ok) {
      warning.hidden = true;
      schedule();
    } else {
      window.location.assign(body.dataset.timedOutUrl);
    }
  });
  schedule();
}

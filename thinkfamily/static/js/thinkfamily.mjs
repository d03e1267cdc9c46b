// Start the NHS design system's components (header menu, error summary focus, radios...)
// and the idle-session warning.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";
import { initSessionTimeout } from "./session-timeout.mjs";

initAll();
initSessionTimeout();

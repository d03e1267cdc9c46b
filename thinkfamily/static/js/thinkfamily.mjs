// Start the NHS design system's components (header menu, error summary focus, radios...)
// the idle-session warning, and keyboard access to tables that scroll sideways.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";
import { initScrollRegions } from "./scroll-regions.mjs";
import { initSessionTimeout } from "./session-timeout.mjs";

initAll();
initSessionTimeout();
initScrollRegions();

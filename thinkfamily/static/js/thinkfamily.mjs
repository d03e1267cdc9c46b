// Start the NHS design system's components (header menu, error summary focus, radios...).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// A table wider than the screen scrolls inside its own box (.nhsuk-table-container). A box
// that scrolls must be reachable by keyboard and named for a screen reader (WCAG 2.1.1; axe's
// scrollable-region-focusable): it becomes a focusable region named by its table's caption or
// heading. A box that fits the screen is left alone, so the tab order gains no stops on a
// wide screen, and it is looked at again when the window is resized.

const BOXES = ".nhsuk-table-container";

function nameOf(box) {
  const table = box.querySelector("table");
  const labelledBy = box.getAttribute("aria-labelledby") || table?.getAttribute("aria-labelledby");
  if (labelledBy && document.getElementById(labelledBy)) return { labelledBy };
  const caption = table?.querySelector("caption")?.textContent.trim();
  if (caption) return { label: caption };
  let previous = box.previousElementSibling;
  while (previous && !/^H[1-6]$/.test(previous.tagName)) previous = previous.previousElementSibling;
  return { label: previous ? previous.textContent.trim() : "Table" };
}

function mark(box) {
  if (box.dataset.scrollRegion === undefined && box.hasAttribute("tabindex")) return; // set by its template
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  if (scrolls) {
    const { labelledBy, label } = nameOf(box);
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (labelledBy) box.setAttribute("aria-labelledby", labelledBy);
    else box.setAttribute("aria-label", `${label} (scrolls sideways)`);
    box.dataset.scrollRegion = "";
  } else if (box.dataset.scrollRegion !== undefined) {
    ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
    delete box.dataset.scrollRegion;
  }
}

export function initScrollRegions() {
  const all = () => document.querySelectorAll(BOXES).forEach(mark);
  all();
  let pending;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(all);
  });
}

import "./style.css";
import { annotator, annotatorProblem, setAnnotator } from "./api/client";
import { h, replace } from "./dom";
import { parseRoute } from "./route";
import { projectsView } from "./views/projects";
import { newProjectView } from "./views/newProject";
import { projectView } from "./views/project";

const app = document.getElementById("app")!;
let teardown: (() => void) | undefined;
let routing = 0;

const nameInput = document.getElementById("annotator-name") as HTMLInputElement;
const nameError = document.getElementById("annotator-error")!;
nameInput.value = annotator();

const checkName = () => {
  const problem = annotatorProblem(nameInput.value);
  nameInput.setAttribute("aria-invalid", problem ? "true" : "false");
  replace(nameError, problem ?? "");
  nameError.hidden = !problem;
  return !problem;
};
nameInput.addEventListener("input", checkName);
nameInput.addEventListener("change", () => {
  if (!checkName()) return;
  const before = annotator();
  setAnnotator(nameInput.value);
  nameInput.value = annotator();
  // The queue hands out documents per annotator: a new name starts a new annotation session.
  const { path } = parseRoute(location.hash);
  if (annotator() !== before && path[0] === "projects" && (path[2] ?? "annotate") === "annotate") void route();
});
nameInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter" || e.key === "Escape") {
    if (e.key === "Escape" || !checkName()) nameInput.value = annotator();
    checkName();
    nameInput.blur();
  }
});

async function route(): Promise<void> {
  teardown?.();
  teardown = undefined;
  const ticket = ++routing;
  const { path, query } = parseRoute(location.hash);
  document.body.classList.remove("fill");
  try {
    let next: (() => void) | undefined;
    if (path.length === 0) {
      document.title = "Projects · Tagloop";
      await projectsView(app);
    } else if (path[0] === "new" && path.length === 1) {
      document.title = "New project · Tagloop";
      newProjectView(app);
    } else if (path[0] === "projects" && /^\d+$/.test(path[1] ?? "")) {
      next = await projectView(app, Number(path[1]), path[2] ?? "annotate", path[3], query);
    } else {
      document.title = "Not found · Tagloop";
      replace(app, h("p", {}, "There is nothing at this address. "), h("a", { href: "#/" }, "Back to the projects"));
    }
    // A newer navigation may have started while this view was loading: keep only the newest.
    if (ticket === routing) teardown = next;
    else next?.();
  } catch (error) {
    if (ticket !== routing) return;
    replace(app,
      h("div", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error)),
      h("p", {}, h("a", { href: "#/" }, "Back to the projects")));
  }
}

window.addEventListener("hashchange", () => void route());
void route();

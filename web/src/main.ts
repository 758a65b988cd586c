import "./style.css";
import { annotator, setAnnotator } from "./api/client";
import { h, replace } from "./dom";
import { projectsView } from "./views/projects";
import { newProjectView } from "./views/newProject";
import { projectView } from "./views/project";

const app = document.getElementById("app")!;
let teardown: (() => void) | undefined;

const nameInput = document.getElementById("annotator-name") as HTMLInputElement;
nameInput.value = annotator();
nameInput.addEventListener("change", () => setAnnotator(nameInput.value));
nameInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter") nameInput.blur();
});

async function route(): Promise<void> {
  teardown?.();
  teardown = undefined;
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  try {
    if (parts.length === 0) {
      await projectsView(app);
    } else if (parts[0] === "new") {
      newProjectView(app);
    } else if (parts[0] === "projects" && parts[1]) {
      teardown = await projectView(app, Number(parts[1]), parts[2] ?? "annotate", parts[3]);
    } else {
      replace(app, h("p", {}, "There is nothing at this address. "), h("a", { href: "#/" }, "Back to the projects"));
    }
  } catch (error) {
    replace(app, h("div", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error)));
  }
}

window.addEventListener("hashchange", () => void route());
void route();

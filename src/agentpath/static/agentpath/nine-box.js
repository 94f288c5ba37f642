// The 9-box's drag and drop: a person's name dropped on another box opens that person's own move form (the one the
// pick uses) with the box chosen and the reason to write, so a drop moves nobody without a written reason and goes
// through the same service. Picking stays the keyboard's and the phone's way. No inline script (CSP).
(function () {
  const grid = document.getElementById("grid");
  if (!grid) return;
  let dragged = null;  // the chip (details) whose name is being dragged

  function boxOf(element) { return element.closest("section.box"); }
  function clearTargets() {
    grid.querySelectorAll("section.box.drop-target").forEach(function (box) { box.classList.remove("drop-target"); });
  }

  grid.querySelectorAll("details.chip > summary[draggable=true]").forEach(function (name) {
    const chip = name.parentElement;
    name.addEventListener("dragstart", function (event) {
      dragged = chip;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", chip.dataset.employee);
      chip.classList.add("dragging");
    });
    name.addEventListener("dragend", function () {
      chip.classList.remove("dragging");
      clearTargets();
      dragged = null;
    });
  });

  grid.querySelectorAll("section.box").forEach(function (box) {
    box.addEventListener("dragover", function (event) {
      if (!dragged || boxOf(dragged) === box) return;  // not a drop target: the browser refuses the drop
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      box.classList.add("drop-target");
    });
    box.addEventListener("dragleave", function (event) {
      if (!box.contains(event.relatedTarget)) box.classList.remove("drop-target");
    });
    box.addEventListener("drop", function (event) {
      event.preventDefault();
      clearTargets();
      const chip = dragged;
      if (!chip || boxOf(chip) === box) return;
      const form = chip.querySelector("form.move");
      form.elements.box.value = box.dataset.box;
      form.classList.add("dropped");
      chip.open = true;
      chip.scrollIntoView({block: "nearest"});
      form.elements.reason.focus();
    });
  });
})();

// The exam's countdown: the seconds left come in #time-left's data-seconds; at zero the exam is submitted with the
// answers saved so far (the server caps the deadline too; this only spares the taker a refused late answer).
(function () {
  const el = document.getElementById("time-left");
  if (!el) return;
  const end = Date.now() + parseInt(el.dataset.seconds, 10) * 1000;
  function tick() {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left <= 0) {  // time is up: submit as it is, blank questions included (no question asked)
      const form = document.getElementById("submit-form");
      const confirm = document.createElement("input");
      confirm.type = "hidden"; confirm.name = "confirm_blank"; confirm.value = "1";
      form.appendChild(confirm);
      form.submit();
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();

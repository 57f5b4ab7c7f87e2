// Installation sign-off: the signature drawn on the canvas goes into the form as a PNG data URL.
(() => {
  const canvas = document.getElementById("signature-pad");
  const form = document.getElementById("sign-form");
  if (!canvas || !form || !window.SignaturePad) return;
  const pad = new window.SignaturePad(canvas, { backgroundColor: "rgba(0,0,0,0)", penColor: "#0b2a5b" });
  const fit = () => {
    // Match the canvas to its box and the screen's pixel ratio, so strokes stay sharp.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const data = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(data);
  };
  window.addEventListener("resize", fit);
  fit();
  document.getElementById("signature-clear").addEventListener("click", () => pad.clear());
  form.addEventListener("submit", () => {
    form.querySelector("input[name=signature]").value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
  });
})();

// Asset audits: scan a label's QR code with the phone camera where the browser can
// (BarcodeDetector); otherwise the engineer types the tag. The code holds the asset's
// page address; its last part is the tag.
(() => {
  const supported = "BarcodeDetector" in window && navigator.mediaDevices;
  let stream = null;

  function stop(video) {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
  }

  async function scan(button) {
    const input = document.querySelector(button.dataset.scanInto);
    const video = button.closest(".field").querySelector("video.scanner");
    if (stream) return stop(video);
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const look = async () => {
      if (!stream) return;
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        input.value = codes[0].rawValue.replace(/\/+$/, "").split("/").pop().toUpperCase();
        stop(video);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.focus();
        return;
      }
      setTimeout(look, 250);
    };
    look();
  }

  function reveal() {
    if (!supported) return;
    document.querySelectorAll("[data-scan-into]").forEach((button) => (button.hidden = false));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-scan-into]");
    if (button) scan(button).catch(() => (button.hidden = true));
  });
  document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:afterSettle", reveal);
})();

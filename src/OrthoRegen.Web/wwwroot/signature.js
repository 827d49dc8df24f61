// The drawn signature on the e-consent tablet page (the only page that loads this script). Strokes drawn with a finger,
// stylus or mouse on the <canvas> are kept in canvas pixels (600 x 200, whatever size the canvas is shown at) and
// written to the form's hidden input as SVG path data: "M x y" starting each stroke, "L x y" for its points, absolute,
// one decimal, which is the grammar Core's DrawnSignature accepts. "Clear" empties both. The sign button stays
// disabled until something is drawn; without this script it stays disabled and the page says why.
(function () {
  "use strict";
  var pad = document.querySelector("[data-signature-pad]");
  if (!pad) return;
  var form = pad.closest("form");
  var canvas = pad.querySelector("canvas");
  var data = form.querySelector("[data-signature-data]");
  var submit = form.querySelector("[data-signature-submit]");
  var clear = pad.querySelector("[data-signature-clear]");
  var notice = form.querySelector("[data-nojs]");
  var W = canvas.width, H = canvas.height, MAX_POINTS = 2000;
  var ctx = canvas.getContext("2d");
  var strokes = [], current = null, points = 0;

  function round(v, max) { v = Math.round(v * 10) / 10; return v < 0 ? 0 : v > max ? max : v; }
  function at(e) {
    var r = canvas.getBoundingClientRect();
    return [round((e.clientX - r.left) * W / r.width, W), round((e.clientY - r.top) * H / r.height, H)];
  }
  function pen() { ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#000"; }
  function draw() {
    ctx.clearRect(0, 0, W, H); pen();
    strokes.forEach(function (s) {
      ctx.beginPath(); ctx.moveTo(s[0][0], s[0][1]);
      s.forEach(function (p) { ctx.lineTo(p[0], p[1]); });
      ctx.stroke();
    });
  }
  function sync() {
    data.value = strokes.map(function (s) {
      return s.map(function (p, i) { return (i ? "L" : "M") + p[0] + " " + p[1]; }).join(" ");
    }).join(" ");
    submit.disabled = strokes.length === 0;
  }
  function parse(d) {
    var re = /([ML])\s*(-?[\d.]+)[\s,]+(-?[\d.]+)/g, m;
    while ((m = re.exec(d)) !== null) {
      var p = [round(parseFloat(m[2]), W), round(parseFloat(m[3]), H)];
      if (m[1] === "M" || strokes.length === 0) strokes.push([p]); else strokes[strokes.length - 1].push(p);
      points++;
    }
  }

  canvas.addEventListener("pointerdown", function (e) {
    if (points >= MAX_POINTS) return;
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    current = [at(e)]; strokes.push(current); points++;
    draw();
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!current || points >= MAX_POINTS) return;
    var p = at(e), last = current[current.length - 1];
    if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < 2) return;
    current.push(p); points++;
    pen(); ctx.beginPath(); ctx.moveTo(last[0], last[1]); ctx.lineTo(p[0], p[1]); ctx.stroke();
  });
  function end() { if (current) { current = null; sync(); } }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  canvas.addEventListener("lostpointercapture", end);
  clear.addEventListener("click", function () { strokes = []; points = 0; current = null; draw(); sync(); });

  parse(data.value || "");
  draw(); sync();
  pad.hidden = false;
  if (notice) notice.hidden = true;
})();

/// The page's own style sheet and script, served from /assets (no CDN, no inline script: the
/// Content-Security-Policy allows scripts from this server only).
enum WebAssets {
    static let css = """
        *{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Noto Sans CJK TC","Microsoft JhengHei",\
        sans-serif;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.45}header{background:#1d3557;color:#fff;\
        padding:10px 14px;display:flex;flex-wrap:wrap;gap:12px;align-items:center}header a{color:#fff}\
        header form{margin-left:auto}main{max-width:860px;margin:0 auto;padding:10px}h1{font-size:1.3em}\
        h2{font-size:1.1em;margin:1.2em 0 .4em}.card{background:#fff;border:1px solid #d0d7de;border-radius:10px;\
        padding:10px 12px;margin:8px 0;overflow-wrap:anywhere}.card.closed{opacity:.45}.meta{color:#57606a;\
        font-size:.9em}.message{white-space:pre-wrap;margin:6px 0;font-size:1.05em}.links,.buttons{display:flex;\
        flex-wrap:wrap;gap:6px;margin-top:6px}.links a,button{display:inline-block;padding:7px 12px;border-radius:8px;\
        border:1px solid #d0d7de;background:#fff;color:#0969da;text-decoration:none;font-size:.95em;cursor:pointer}\
        button.done{background:#1f883d;color:#fff;border-color:#1f883d}form.inline{display:inline}\
        table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:4px;\
        text-align:left;vertical-align:top}.error{color:#cf222e}label{display:block;margin:8px 0 2px}\
        input[type=text],input[type=password]{width:100%;padding:8px;font-size:1em;border:1px solid #d0d7de;\
        border-radius:6px}.ok{color:#1f883d}svg{max-width:100%;height:auto}
        """

    static let script = """
        "use strict";
        document.addEventListener("click", function (event) {
          var button = event.target.closest("[data-copy]");
          if (!button) return;
          var text = button.getAttribute("data-copy");
          var done = function () { button.textContent = "已複製 Copied"; };
          if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(done);
          } else {
            var area = document.createElement("textarea");
            area.value = text; document.body.appendChild(area); area.select();
            document.execCommand("copy"); document.body.removeChild(area); done();
          }
        });
        document.addEventListener("submit", function (event) {
          var form = event.target;
          if (!form.classList.contains("act")) return;
          event.preventDefault();
          var card = form.closest(".card");
          fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)),
                               headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
            .then(function (response) {
              if (!response.ok) { form.submit(); return; }
              if (card) {
                card.classList.add("closed");
                var status = card.querySelector(".status");
                if (status) status.textContent = form.getAttribute("data-label");
              }
            });
        });
        """
}

// While htmx sends a form marked data-upload-progress, its <progress> follows the bytes sent (a large bank statement
// on a slow line). Without JavaScript the form posts normally and the browser shows its own progress.
document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-upload-progress]") : null;
    if (!form || !event.detail.lengthComputable) return;
    var bar = form.querySelector("progress");
    bar.hidden = false;
    bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
});

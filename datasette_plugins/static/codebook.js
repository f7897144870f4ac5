// Fold the column descriptions of a table page into a closed <details> (see datasette_plugins/codebook.py).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("dl.column-descriptions").forEach(function (list) {
    var details = document.createElement("details");
    details.className = "crackdown-codebook";
    var summary = document.createElement("summary");
    summary.textContent = "Column descriptions (" + list.querySelectorAll("dt").length + ")";
    list.parentNode.insertBefore(details, list);
    details.appendChild(summary);
    details.appendChild(list);
  });
});

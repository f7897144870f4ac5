// datasette-dashboards' map fits its view to the rows it got; when the filters select no place, Leaflet throws
// "Bounds are not valid" and the map stays grey. Show the whole world instead. This runs before the plugin's
// own DOMContentLoaded handler (it is registered from <head>), after the Leaflet module has defined L.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.L || !L.Map) return;
  const fit = L.Map.prototype.fitBounds;
  L.Map.prototype.fitBounds = function (bounds, options) {
    if (!L.latLngBounds(bounds).isValid()) return this.setView([20, 0], 1);
    return fit.call(this, bounds, options);
  };
});

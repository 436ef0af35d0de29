// The live queue: the server sends the table's rows (already encoded) whenever they change.
'use strict';
(function () {
    var rows = document.getElementById('queue-rows');
    if (!rows || !window.EventSource) return;
    var status = document.getElementById('queue-status');
    var source = new EventSource(rows.getAttribute('data-live'));
    source.addEventListener('queue', function (event) {
        rows.innerHTML = event.data;
        var count = rows.querySelectorAll('tr[data-code]').length;
        if (status) status.textContent = count + ' open or held.';
    });
    source.addEventListener('error', function () {
        if (status) status.textContent = 'Connection lost; reconnecting...';
    });
})();

// Front-channel logout: once every app's frame has loaded (the window's load event waits for them), or after a few
// seconds whatever they do, go on to where the logout leads.
(function () {
    var link = document.getElementById('continue');
    var done = false;
    function go() {
        if (!done) {
            done = true;
            window.location.assign(link.href);
        }
    }
    window.addEventListener('load', go);
    window.setTimeout(go, 5000);
})();

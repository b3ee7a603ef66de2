// The main process puts a Thai message in the hash (#failed=…) when the register cannot be
// opened for a reason that is not damage (a locked file, no permission, a wrong native module).
(function () {
  var hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (hash.indexOf('failed=') === 0) {
    document.body.className = 'failed';
    document.getElementById('status').textContent = hash.slice('failed='.length);
  }
})();

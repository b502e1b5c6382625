(function () {
  try {
    var saved = window.localStorage.getItem('privdesk-color-scheme');
    var scheme =
      saved === 'light' || saved === 'dark'
        ? saved
        : window.matchMedia('(prefers-color-scheme: dark)').matches
          ? 'dark'
          : 'light';
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch (e) {
    /* storage may be blocked; Mantine falls back to its default */
  }
})();

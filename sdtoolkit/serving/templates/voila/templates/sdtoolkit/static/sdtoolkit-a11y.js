/*
  sdtoolkit: accessible names for controls that third-party widgets render without one.
  (Found by the axe-core audit in tests/test_apps_browser.py.)

  - ipywidgets 8 sliders (noUiSlider): the handle has role="slider" but no name; the
    visible description is a <label> that is not tied to it. The handle gets
    aria-labelledby pointing at that label, so a screen reader says "Grip op het budget,
    schuifregelaar, 8" instead of only "8".
  - vega-embed's chart menu: its <summary> holds only an icon. It gets the title of its
    <details> (the Dutch i18n text of sdtoolkit.charts) as its name.

  Widgets render after the page has loaded and render again when they change, so the
  page is checked again (at most once per animation frame) whenever the DOM changes.
*/
(function () {
  'use strict';

  var counter = 0;
  var MENU_NAME = 'Grafiek opslaan';

  function nameSliders(root) {
    var sliders = root.querySelectorAll('.widget-slider');
    for (var i = 0; i < sliders.length; i++) {
      var label = sliders[i].querySelector('.widget-label');
      if (!label || !label.textContent.trim()) {
        continue;
      }
      var handles = sliders[i].querySelectorAll('[role="slider"]');
      for (var j = 0; j < handles.length; j++) {
        if (!label.id) {
          counter += 1;
          label.id = 'sd-slider-label-' + counter;
        }
        if (handles[j].getAttribute('aria-labelledby') !== label.id) {
          handles[j].setAttribute('aria-labelledby', label.id);
        }
      }
    }
  }

  function nameChartMenus(root) {
    var summaries = root.querySelectorAll('.vega-embed details > summary');
    for (var i = 0; i < summaries.length; i++) {
      var summary = summaries[i];
      if (summary.textContent.trim() || summary.getAttribute('aria-label')) {
        continue;
      }
      summary.setAttribute('aria-label', summary.parentNode.getAttribute('title') || MENU_NAME);
    }
  }

  var scheduled = false;

  function check() {
    scheduled = false;
    nameSliders(document);
    nameChartMenus(document);
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(check);
    }
  }

  function start() {
    check();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

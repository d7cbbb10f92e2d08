// The plugin's Lanes page: every platform of a project with its lane, gate and open changes, from the plugin's own
// REST API (GET /projects/{project}/lanes~overview). Plain JavaScript, no build: served from the plugin jar at
// /plugins/lanes/static/lanes.html?project=<name>; without ?project=, a list of the projects to choose from.
(function () {
  'use strict';
  const base = location.pathname.substring(0, location.pathname.indexOf('/plugins/'));
  const main = document.getElementById('lanes');
  const summary = document.getElementById('summary');

  async function get(path) {
    const response = await fetch(base + path, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
    const text = await response.text();
    if (!response.ok) {
      throw new Error(path + ': ' + response.status + ' ' + text.trim());
    }
    return JSON.parse(text.replace(/^\)\]\}'\n/, ''));
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => node.setAttribute(key, value));
    children.flat().forEach(child => node.append(child instanceof Node ? child : String(child)));
    return node;
  }

  function row(label, value, cssClass) {
    return element('tr', {}, element('th', {scope: 'row'}, label), element('td', cssClass ? {class: cssClass} : {}, value));
  }

  function gate(platform) {
    if (platform.frozen) {
      return 'frozen until ' + platform.frozen_until + ' (an owner\'s override lifts it)';
    }
    return 'open' + (platform.next_freeze ? '; next freeze ' + platform.next_freeze : '');
  }

  function reported(result) {
    return result ? result.status.toLowerCase() + ' at ' + result.reported_at + ': ' + result.summary : 'none reported';
  }

  function changes(platform) {
    if (!platform.open_changes.length) {
      return element('p', {class: 'none'}, 'No open change.');
    }
    const table = element('table', {class: 'changes'},
      element('tr', {}, element('th', {}, 'change'), element('th', {}, 'subject'), element('th', {}, 'Lanes-Deploy')));
    platform.open_changes.forEach(change => {
      const reasons = change.reasons
        ? element('ul', {class: 'reasons'}, change.reasons.map(reason => element('li', {}, reason))) : '';
      table.append(element('tr', {'data-change': change.number},
        element('td', {}, element('a', {href: base + '/c/' + change.number}, String(change.number))),
        element('td', {}, change.subject),
        element('td', {}, element('span', {class: change.gate}, change.gate.toLowerCase()), reasons)));
    });
    if (platform.more_changes) {
      table.append(element('tr', {}, element('td', {colspan: 3}, 'more open changes: search platform_lanes:'
        + platform.name)));
    }
    return table;
  }

  function platformSection(platform) {
    return element('section', {class: 'platform', id: 'platform-' + platform.name, 'data-platform': platform.name},
      element('h2', {}, platform.name),
      element('table', {class: 'lane'},
        row('branch', platform.branch),
        row('namespace', platform.namespace),
        row('cluster', platform.cluster + ' (' + platform.server + ')'),
        row('registry', platform.registry),
        row('owners', platform.owners + (platform.is_protected ? ' (protected: their Code-Review+2 is needed)' : '')),
        row('gate', gate(platform), 'gate ' + (platform.frozen ? 'frozen' : 'open')),
        row('release', platform.release
          ? 'release ' + platform.release + ' (deployed from change ' + platform.release_change + ')'
          : 'none reported to Gerrit'),
        row('last backup', reported(platform.last_backup), platform.last_backup ? platform.last_backup.status : ''),
        row('last drill', reported(platform.last_drill), platform.last_drill ? platform.last_drill.status : '')),
      element('h3', {}, 'Open changes'),
      changes(platform));
  }

  async function showProject(project) {
    const overview = await get('/projects/' + encodeURIComponent(project) + '/lanes~overview');
    summary.textContent = 'Project ' + overview.project + ': ' + overview.platforms.length + ' platform'
      + (overview.platforms.length === 1 ? '' : 's') + ', as of ' + overview.now + '.';
    main.replaceChildren(...overview.platforms.map(platformSection));
  }

  async function showProjects() {
    const projects = await get('/projects/?type=CODE');
    summary.textContent = 'Choose a project.';
    main.replaceChildren(element('ul', {class: 'projects'}, Object.keys(projects).map(name =>
      element('li', {}, element('a', {href: '?project=' + encodeURIComponent(name)}, name)))));
  }

  const project = new URLSearchParams(location.search).get('project');
  (project ? showProject(project) : showProjects())
    .then(() => document.body.setAttribute('data-state', 'ready'))
    .catch(error => {
      summary.textContent = 'Lanes cannot show this page.';
      main.replaceChildren(element('p', {class: 'error'}, error.message));
      document.body.setAttribute('data-state', 'error');
    });
})();

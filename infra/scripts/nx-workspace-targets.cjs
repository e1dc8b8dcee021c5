// Nx plugin: gives every project (each folder with a project.json) a `lint` and a `format`
// target. Nx's targetDefaults only fill in targets a project already declares; this declares
// them so nobody has to copy them into each project.json. Commands come from nx.json.
const { dirname } = require('node:path');

exports.name = 'market/workspace-targets';

exports.createNodesV2 = [
  '**/project.json',
  (projectFiles) =>
    projectFiles.map((file) => [file, { projects: { [dirname(file)]: { targets: { lint: {}, format: {} } } } }]),
];

// npm scripts run on the node@22 devDependency (node_modules/.bin comes first on PATH);
// fail loudly if something put another Node in front of it.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 22) {
  console.error(
    `Node ${process.versions.node} is running, but Zapier's runtime is Node 22. ` +
      'Run the scripts through npm (npm test, npm run zip) so node_modules/.bin/node is used.',
  );
  process.exit(1);
}
console.log(`Node ${process.versions.node} (Zapier's runtime is Node 22).`);

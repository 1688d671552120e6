// Starts the self-hosted GraphiQL page. The page's Content-Security-Policy allows no inline
// script, so this file does what an inline bootstrap would: it points Monaco at the same-origin
// worker scripts, then renders GraphiQL once graphiql.js (loaded after this file) has run.
// The settings come from the page's JSON data block, which the browser never executes.
(() => {
  const config = JSON.parse(document.getElementById('graphiql-config').textContent);
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: (_moduleId, label) => config.workers[label] ?? config.workers.editorWorkerService,
  };
  document.addEventListener('DOMContentLoaded', () => {
    self.YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), config.options);
  });
})();

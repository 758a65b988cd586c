using System.Text.Json;

namespace Tagloop.Browser.Tests;

/// <summary>
/// What a hostile page can make a visitor's browser send to Tagloop, as script functions. Each takes
/// <c>{ target, project, document }</c> (Tagloop's address ending in '/', a project id, a document id) and settles only
/// after the browser has sent the request and had its answer, with a short word on what the page saw.
/// </summary>
public static class CrossSiteAttacks
{
    /// <summary>An image whose address leases the next document: a GET with no way to add headers.</summary>
    public const string LeaseWithImage = """
        ({ target, project }) => new Promise(settled => {
          const image = new Image();
          image.onload = () => settled('image loaded');
          image.onerror = () => settled('image failed');
          image.src = `${target}api/v1/projects/${project}/tasks/next`;
          document.body.append(image);
        })
        """;

    /// <summary>
    /// A form posted as text/plain into a hidden frame: the browser writes <c>name=value</c>, so a name ending in
    /// <c>"x":"</c> and the value <c>"}</c> make one JSONL line.
    /// </summary>
    public const string ImportWithForm = """
        ({ target, project }) => new Promise(settled => {
          const sink = document.createElement('iframe');
          sink.name = 'form-sink';
          document.body.append(sink);
          sink.onload = () => settled('form answered');
          const form = document.createElement('form');
          form.method = 'POST';
          form.enctype = 'text/plain';
          form.target = sink.name;
          form.action = `${target}api/v1/projects/${project}/documents?format=jsonl&source=evil`;
          const field = document.createElement('input');
          field.type = 'hidden';
          field.name = '{"text":"pwned by a form","label":"spam","x":"';
          field.value = '"}';
          form.append(field);
          document.body.append(form);
          form.submit();
        })
        """;

    /// <summary>
    /// A script's no-cors POST of a JSONL line as text/plain, the kind of body no-cors allows. A page never sees the
    /// answer; when the browser drops it (Tagloop's Cross-Origin-Resource-Policy) the fetch fails after the request was sent.
    /// </summary>
    public const string ImportWithNoCorsFetch = """
        async ({ target, project }) => {
          try {
            const answer = await fetch(`${target}api/v1/projects/${project}/documents?format=jsonl&source=evil`, {
              method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
              body: '{"text":"pwned by a script","label":"spam"}\n' });
            return `${answer.type} ${answer.status}`;
          } catch (error) {
            return `blocked ${error.name}`;
          }
        }
        """;

    /// <summary>A script's no-cors POST of an answer, its JSON sent as text/plain (no-cors cannot say application/json).</summary>
    public const string AnnotateWithNoCorsFetch = """
        async ({ target, project, document: id }) => {
          try {
            const answer = await fetch(`${target}api/v1/projects/${project}/annotations`, {
              method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
              body: JSON.stringify({ documentId: id, labels: ['spam'] }) });
            return `${answer.type} ${answer.status}`;
          } catch (error) {
            return `blocked ${error.name}`;
          }
        }
        """;

    /// <summary>A script reading the project list with an ordinary (CORS) fetch.</summary>
    public const string ReadProjects = """
        async ({ target }) => {
          try {
            const answer = await fetch(`${target}api/v1/projects`);
            return `read ${answer.status} ${await answer.text()}`;
          } catch (error) {
            return `blocked ${error.name}`;
          }
        }
        """;

    /// <summary>Tagloop's page in a frame, where a page could overlay it and trick clicks (clickjacking).</summary>
    public const string Frame = """
        ({ target }) => new Promise(settled => {
          const frame = document.createElement('iframe');
          frame.name = 'framed-tagloop';
          frame.onload = () => settled('frame loaded');
          frame.src = target;
          document.body.append(frame);
        })
        """;

    /// <summary>
    /// After DNS rebinding, the page's own name points at Tagloop: same-origin reads and writes by relative address.
    /// </summary>
    public const string CallOwnOrigin = """
        async () => {
          const read = await fetch('/api/v1/projects');
          const create = await fetch('/api/v1/projects', {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: 'Rebound', labels: [{ name: 'yes', key: 'y' }, { name: 'no', key: 'n' }] }) });
          return `read ${read.status} ${await read.text()} | create ${create.status} ${await create.text()}`;
        }
        """;

    /// <summary>A page that runs <paramref name="attack"/> when it opens and then writes what it saw into <c>#fired</c>.</summary>
    public static string Page(string attack, object arguments) => $$"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Free prizes</title></head>
        <body>
        <h1>Claim your free prize</h1>
        <script>
        const attack = {{attack}};
        const fired = outcome => {
          const marker = document.createElement('output');
          marker.id = 'fired';
          marker.textContent = outcome;
          document.body.append(marker);
        };
        attack({{JsonSerializer.Serialize(arguments)}}).then(fired, error => fired(`threw ${error}`));
        </script>
        </body>
        </html>
        """;
}

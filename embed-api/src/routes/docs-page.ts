/**
 * The API reference page served at `/api/v1/docs`: one self-contained HTML document (inline style and script, no
 * external resources) that fetches `./openapi.json` and renders every operation with its parameters, request body
 * and responses; schemas are shown as JSON with `$ref`s expandable by click.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Marketing IQ embed API — reference</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f7f8fa}
header{background:#1d2433;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
input{width:100%;padding:8px;font-size:14px;margin:8px 0 16px;box-sizing:border-box}
details.op{background:#fff;border:1px solid #dde1e8;border-radius:6px;margin:6px 0}
details.op>summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:center}
.m{font:600 12px monospace;text-transform:uppercase;padding:2px 6px;border-radius:4px;color:#fff;min-width:48px;text-align:center}
.get{background:#2f7d4f}.post{background:#2458a6}.put{background:#9a6a00}.patch{background:#7a3fa0}.delete{background:#a33}
.p{font-family:monospace}.s{color:#5b6475}.body{padding:0 12px 12px}
pre{background:#f0f2f5;padding:8px;overflow:auto;font-size:12px;border-radius:4px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;text-align:left;padding:4px 6px;vertical-align:top}
h2{margin-top:24px;font-size:16px;text-transform:capitalize}a.ref{color:#2458a6;cursor:pointer;text-decoration:underline}
</style></head>
<body><header><h1>Marketing IQ embed API</h1><div id="info"></div></header>
<main><input id="q" placeholder="Filter operations (path, summary)…" aria-label="Filter operations"><div id="ops">Loading…</div>
<h2>Schemas</h2><div id="schemas"></div></main>
<script>
(function(){
  var doc;
  function el(t,a,c){var e=document.createElement(t);if(a)for(var k in a)e.setAttribute(k,a[k]);(c||[]).forEach(function(x){e.append(x)});return e}
  function schemaNode(s){
    var pre=el('pre');
    var text=JSON.stringify(s,null,2);
    var parts=text.split(/("#\\/components\\/schemas\\/[^"]+")/);
    parts.forEach(function(p){
      var m=/^"#\\/components\\/schemas\\/(.+)"$/.exec(p);
      if(m){var a=el('a',{class:'ref',href:'#schema-'+m[1]},[p]);pre.append(a)}else pre.append(p);
    });
    return pre;
  }
  function render(filter){
    var ops=document.getElementById('ops');ops.textContent='';
    var byTag={};
    Object.keys(doc.paths).forEach(function(path){Object.keys(doc.paths[path]).forEach(function(method){
      var op=doc.paths[path][method];var hay=(path+' '+(op.summary||'')).toLowerCase();
      if(filter&&hay.indexOf(filter)<0)return;
      var tag=(op.tags&&op.tags[0])||'other';(byTag[tag]=byTag[tag]||[]).push([method,path,op]);
    })});
    Object.keys(byTag).forEach(function(tag){
      ops.append(el('h2',null,[tag]));
      byTag[tag].forEach(function(x){
        var method=x[0],path=x[1],op=x[2];
        var d=el('details',{class:'op',id:op.operationId});
        d.append(el('summary',null,[el('span',{class:'m '+method},[method]),el('span',{class:'p'},[path]),el('span',{class:'s'},[op.summary||''])]));
        var b=el('div',{class:'body'});
        var sec=(op.security||[]).map(function(s){return Object.keys(s).join(', ')}).join(' or ')||'none';
        b.append(el('p',null,['Auth: '+sec]));
        if(op.parameters&&op.parameters.length){
          var t=el('table',null,[el('tr',null,[el('th',null,['name']),el('th',null,['in']),el('th',null,['required']),el('th',null,['schema'])])]);
          op.parameters.forEach(function(p){t.append(el('tr',null,[el('td',{class:'p'},[p.name]),el('td',null,[p.in]),el('td',null,[String(!!p.required)]),el('td',null,[schemaNode(p.schema)])]))});
          b.append(el('h4',null,['Parameters']),t);
        }
        if(op.requestBody){b.append(el('h4',null,['Request body']),schemaNode(op.requestBody.content['application/json'].schema))}
        b.append(el('h4',null,['Responses']));
        Object.keys(op.responses).forEach(function(code){
          var r=op.responses[code];var c=r.content&&(r.content['application/json']||r.content['text/html']);
          b.append(el('div',null,[el('strong',null,[code+' ']),r.description||'']));if(c)b.append(schemaNode(c.schema));
        });
        d.append(b);ops.append(d);
      });
    });
  }
  fetch('openapi.json').then(function(r){return r.json()}).then(function(j){
    doc=j;document.getElementById('info').textContent=j.info.title+' · OpenAPI '+j.openapi+' · '+j.info.description;
    render('');
    var sc=document.getElementById('schemas');
    Object.keys(j.components.schemas).sort().forEach(function(n){
      var d=el('details',{class:'op',id:'schema-'+n});d.append(el('summary',null,[el('span',{class:'p'},[n])]));
      var b=el('div',{class:'body'});b.append(schemaNode(j.components.schemas[n]));d.append(b);sc.append(d);
    });
    window.addEventListener('hashchange',function(){var t=document.getElementById(location.hash.slice(1));if(t&&t.tagName==='DETAILS')t.open=true});
    document.getElementById('q').addEventListener('input',function(e){render(e.target.value.toLowerCase())});
  }).catch(function(e){document.getElementById('ops').textContent='Could not load openapi.json: '+e});
})();
</script></body></html>
`;

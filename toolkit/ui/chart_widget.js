// Front end of toolkit/ui/chart_widget.py: draws a Vega-Lite spec with vega-embed.
// vl-convert bundles this with vega, vega-lite and vega-embed (no CDN), which provide
// `vegaEmbed` here.
//
// Why not altair's own JupyterChart front end: it draws a new spec straight into the page
// and only finalises the old view after the new one is drawn, so two quick filter changes
// race and the older chart can land last (a stale chart). Here every draw has a number, is
// drawn off-page, and only the newest one is put on the page.
async function render({ model, el }) {
    let newest = 0;
    let finalize = null;

    const draw = async () => {
        const mine = ++newest;
        const spec = structuredClone(model.get("spec"));
        const options = structuredClone(model.get("embed_options")) ?? {};
        if (spec == null) {
            if (finalize != null) {
                finalize();
                finalize = null;
            }
            el.replaceChildren();
            return;
        }
        const target = document.createElement("div");
        let api;
        try {
            api = await vegaEmbed(target, spec, options);
        } catch (error) {
            if (mine === newest) {
                const message = document.createElement("p");
                message.textContent = "Diagrammet kunne ikke tegnes.";
                el.replaceChildren(message);
            }
            console.error(error);
            return;
        }
        if (mine !== newest) {
            api.finalize();  // a newer chart is on its way: this one is never shown
            return;
        }
        if (finalize != null) {
            finalize();
        }
        finalize = api.finalize;
        el.replaceChildren(target);
        // For the browser tests: which draw is on the page, and the view behind it.
        el.dataset.chartDraw = String(mine);
        el.vegaView = api.view;
    };

    model.on("change:spec", draw);
    model.on("change:embed_options", draw);
    await draw();
    return () => {
        if (finalize != null) {
            finalize();
        }
    };
}

export default { render };

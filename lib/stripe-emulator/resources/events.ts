import { pathParam, type RequestContext, type Route } from "../context";
import { noSuch } from "../errors";
import { renderEvent } from "../events";
import { LIST_PARAMS, paginate } from "../list";

function list(ctx: RequestContext) {
  const type = ctx.params.string("type");
  const created = ctx.params.range("created");
  const records = Object.values(ctx.state.data.events).filter(
    (event) =>
      (!type ||
        event.type === type ||
        (type.endsWith(".*") && event.type.startsWith(type.slice(0, -1)))) &&
      (!created || created(event.created)),
  );
  return paginate(ctx.state, records, ctx.params, "/v1/events", (event) =>
    renderEvent(ctx, event.id),
  );
}

function retrieve(ctx: RequestContext) {
  const id = pathParam(ctx, "id");
  const event = renderEvent(ctx, id);
  if (!event) throw noSuch("event", id);
  return event;
}

export const eventRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/events",
    allowed: [...LIST_PARAMS, "type", "created"],
    mutates: false,
    handle: list,
  },
  { method: "GET", path: "/v1/events/:id", allowed: [], mutates: false, handle: retrieve },
];

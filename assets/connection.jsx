// Says, in the reader's language, that the server cannot be reached (in place of Reflex's English toast):
// shown once the websocket has failed twice in a row (as Reflex's was), gone as soon as it is back.
import { useContext } from "react";
import { EventLoopContext } from "$/utils/context-registry";
import { tr } from "$/public/i18n.js";

export function ConnectionNote({ lang }) {
  const loop = useContext(EventLoopContext);
  const errors = Array.isArray(loop) && Array.isArray(loop[1]) ? loop[1].length : 0;
  if (errors < 2) return null;
  return (
    <div className="pwa-toast connection-note" role="status">
      {tr(lang, "The server cannot be reached right now; easytrack keeps trying to reconnect.")}
    </div>
  );
}

/**
 * An analysis of the open file, asked again when its arguments change and as the scan grows
 * the index (at most once a second while it runs, and once when it ends). At most one request
 * is in flight: arguments that change meanwhile (a zoom by the wheel) are sent when it is
 * answered, the latest only. The reply of another file is never shown.
 */
import { useEffect, useRef, useState } from 'react';
import type { AnalysisArgs, AnalysisName, AnalysisReply } from '../../worker/protocol.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { useThrottled } from '../layout/useThrottled.ts';

export function useAnalysis<K extends AnalysisName>(name: K, args: AnalysisArgs<K> | null): AnalysisReply<K> | null {
  const controller = useController();
  const scanId = useExplorer((s) => s.scanId);
  const version = useThrottled(useExplorer((s) => s.indexVersion), 1000);
  const ended = useExplorer((s) => s.status === 'done' || s.status === 'cancelled');
  const [answer, setAnswer] = useState<{ scanId: number; reply: AnalysisReply<K> } | null>(null);
  const busy = useRef(false);
  const next = useRef<{ scanId: number; args: AnalysisArgs<K> } | null>(null);
  const key = JSON.stringify(args);
  // A reply may come after the view is gone (the file closed, the page torn down): drop it.
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    if (!args) return;
    next.current = { scanId, args };
    const ask = () => {
      const job = next.current;
      if (busy.current || !job || !live.current) return;
      busy.current = true;
      next.current = null;
      controller
        .analyse(name, job.args)
        .then(
          (reply) => reply && live.current && setAnswer({ scanId: job.scanId, reply }),
          () => {
            // The file was closed under the request: the next file asks afresh.
          },
        )
        .finally(() => {
          busy.current = false;
          ask();
        });
    };
    ask();
    // `key` stands for `args`; `version` and `ended` say the index grew or is complete.
  }, [controller, name, key, scanId, version, ended]);

  return answer && answer.scanId === scanId ? answer.reply : null;
}

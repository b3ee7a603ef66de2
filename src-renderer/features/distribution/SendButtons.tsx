// On an outgoing entry: "ส่ง ร.ร." (to the office's schools) and "ส่ง สพร." (to registered outside
// agencies) open the compose form filled from the entry; beside them, whether and when it was
// sent and how many have received it.
import { formatThaiDateTime } from '../../../src-shared/thai.js';
import { DIST_SEND_STATE_LABELS } from '../../../src-shared/distributionSchemas.js';
import { must } from '../../api/client.js';
import { useLoad } from '../../ui/useAsync.js';
import { distHref } from './distRoute.js';
import { receivedText } from './SentPage.js';

export function SendButtons({ entryId }: { entryId: string }) {
  const { data } = useLoad(() => must('distribution.sentForEntries', { ids: [entryId] }), [entryId]);
  return (
    <>
      <a className="button" href={distHref.composeFrom(entryId, 'school')}>ส่ง ร.ร.</a>
      <a className="button" href={distHref.composeFrom(entryId, 'agency')}>ส่ง สพร.</a>
      {data?.map((d) => (
        <a key={d.id} href={distHref.sentDoc(d.id)} className="sent-status">
          {DIST_SEND_STATE_LABELS[d.state]} {formatThaiDateTime(d.createdAt)} · {receivedText(d)}
        </a>
      ))}
    </>
  );
}

/** The outgoing list's "ส่ง ร.ร." cell: the link, and the latest sending's state and receipts. */
export function SendSchoolsCell({ entryId }: { entryId: string }) {
  const { data } = useLoad(() => must('distribution.sentForEntries', { ids: [entryId] }), [entryId]);
  const last = data?.at(-1);
  return (
    <>
      <a href={distHref.composeFrom(entryId, 'school')}>ส่ง ร.ร.</a>
      {last ? (
        <a href={distHref.sentDoc(last.id)} className="sent-status">
          {' '}
          {DIST_SEND_STATE_LABELS[last.state]} {formatThaiDateTime(last.createdAt)} · {receivedText(last)}
        </a>
      ) : null}
    </>
  );
}

// An empty settings table says what is missing instead of showing headers over nothing.
export function EmptyRow({ cols, text }: { cols: number; text: string }) {
  return (
    <tr className="empty-row">
      <td colSpan={cols} className="muted">
        {text}
      </td>
    </tr>
  );
}

// The column heads of a list of files, the same in the form and in the details.
export function AttachmentsTableHead() {
  return (
    <thead>
      <tr>
        <th>ที่</th>
        <th>ชื่อไฟล์</th>
        <th>ขนาด</th>
        <th>ชนิด</th>
        <th>คำอธิบายไฟล์</th>
        <th>
          <span className="visually-hidden">จัดการ</span>
        </th>
      </tr>
    </thead>
  );
}

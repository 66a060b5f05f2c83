/** One resident captured through the API at Pudong as the benchmark and the drills send them; the case id. */
export interface ResidentCapture {
  apiUrl: string;
  token: string;
  photo: Buffer;
  personName: string;
  idNumber: string;
  /** Recorded as the capture device, so the cases say where they came from. */
  device: string;
}

export async function captureResident(capture: ResidentCapture): Promise<string> {
  const form = new FormData();
  const fields = {
    stationId: 'sh-pudong-ee',
    personName: capture.personName,
    idNumber: capture.idNumber,
    category: 'resident',
    documents: 'id_card',
    device: capture.device,
  };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('photo', new Blob([capture.photo]), 'face.jpg');
  const res = await fetch(`${capture.apiUrl}/api/v1/captures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${capture.token}` },
    body: form,
  });
  const body = (await res.json()) as { caseId?: string };
  if (res.status !== 202 || !body.caseId)
    throw new Error(`capture refused: ${res.status} ${JSON.stringify(body)}`);
  return body.caseId;
}

// Progressive enhancement of the digitize form: upload with a progress bar and follow the batch, without
// leaving the page. Without JavaScript the form posts normally and the batch page refreshes itself.
const form = document.getElementById('digitize-form');
const box = document.getElementById('digitize-progress');
const bar = document.getElementById('digitize-bar');
const status = document.getElementById('digitize-status');
if (form && box && bar && status && window.XMLHttpRequest) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('Accept', 'application/json');
    box.hidden = false;
    status.textContent = '올리는 중…';
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) bar.value = (e.loaded / e.total) * 0.3;
    };
    request.onload = () => {
      let body = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {}
      if (!body.batch) {
        status.textContent = body.error || '올리지 못했습니다. 다시 시도해 주세요.';
        return;
      }
      const follow = async () => {
        const response = await fetch(`/staff/digitize/batches/${body.batch}.json`, {
          headers: { Accept: 'application/json' },
        });
        const batch = await response.json();
        bar.value = 0.3 + 0.7 * (batch.total ? batch.done / batch.total : 1);
        // A photo waiting because the data folder refuses writes says so (it is read again by itself).
        const waiting = (batch.photos || []).find((p) => p.status === 'queued' && p.error);
        status.textContent = `사진 ${batch.done}/${batch.total} 처리 · ${batch.cards}장 찾음${waiting ? ` · ${waiting.error}` : ''}`;
        if (batch.done < batch.total) setTimeout(follow, 1500);
        else window.location.href = `/staff/digitize/batches/${body.batch}`;
      };
      follow();
    };
    request.onerror = () => {
      status.textContent = '연결이 끊겼습니다. 다시 시도해 주세요.';
    };
    request.send(new FormData(form));
  });
}

// Downloads: a named file from a URL, text or bytes.

/** Saves `href` as `name`. */
export function download(name, href) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}

/** Saves text or bytes as `name`. */
export function save(name, data, type) {
  download(name, URL.createObjectURL(new Blob([data], { type })));
}

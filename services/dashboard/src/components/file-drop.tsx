import {
  useEffect,
  useId,
  useRef,
  useState,
  type DragEvent,
  type ReactNode,
  type Ref,
} from 'react';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * A zone to drop files on, with a button that opens the file picker (the input itself is
 * hidden and out of the tab order; the zone's text names it). `onFiles` gets what was dropped
 * or picked, never an empty list.
 */
export function FileDrop({
  text,
  chooseLabel,
  chooseClassName = 'button',
  chooseRef,
  accept,
  multiple = false,
  testId,
  hint,
  onFiles,
}: {
  text: string;
  chooseLabel: string;
  chooseClassName?: string;
  chooseRef?: Ref<HTMLButtonElement>;
  accept: string;
  multiple?: boolean;
  testId?: string;
  hint: ReactNode;
  onFiles: (files: File[]) => void;
}) {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const textId = useId();

  // A file dropped beside the zone would make the browser open it in place of the page.
  useEffect(() => {
    const keep = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  const take = (files: FileList | null) => {
    const list = Array.from(files ?? []);
    if (list.length > 0) onFiles(list);
  };

  return (
    <div
      className={`file-drop${dragging ? ' file-drop--active' : ''}`}
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        const next = event.relatedTarget;
        if (!(next instanceof Node) || !event.currentTarget.contains(next)) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        take(event.dataTransfer.files);
      }}
    >
      <p id={textId} className="file-drop__text">
        {text}
      </p>
      <button
        type="button"
        className={chooseClassName}
        ref={chooseRef}
        onClick={() => {
          input.current?.click();
        }}
      >
        {chooseLabel}
      </button>
      <input
        ref={input}
        type="file"
        multiple={multiple}
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-labelledby={textId}
        data-testid={testId}
        onChange={(event) => {
          take(event.target.files);
          // The same file may be chosen again (after it was removed, or to check it again).
          event.target.value = '';
        }}
      />
      <p className="file-drop__hint muted small">{hint}</p>
    </div>
  );
}

/**
 * An incident's tasks ("call the group's administrator", "send the notice to A05") live on its
 * timeline as `task_added`, `task_done` and `task_reopened` events: the list is what the
 * timeline says, so every change to it is dated and attributed like the rest.
 */
export interface IncidentTask {
  id: string;
  title: string;
  assigneeId: string | null;
  dueAt: string | null;
  done: boolean;
  doneAt: string | null;
  createdAt: string;
}

interface TimelineEntry {
  type: string;
  createdAt: Date;
  data: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function tasksOf(timeline: readonly TimelineEntry[]): IncidentTask[] {
  const tasks = new Map<string, IncidentTask>();
  for (const event of timeline) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const id = text(data['taskId']);
    if (!id) continue;
    if (event.type === 'task_added')
      tasks.set(id, {
        id,
        title: text(data['title']) ?? '',
        assigneeId: text(data['assigneeId']),
        dueAt: text(data['dueAt']),
        done: false,
        doneAt: null,
        createdAt: event.createdAt.toISOString(),
      });
    const task = tasks.get(id);
    if (!task) continue;
    if (event.type === 'task_done') {
      task.done = true;
      task.doneAt = event.createdAt.toISOString();
    } else if (event.type === 'task_reopened') {
      task.done = false;
      task.doneAt = null;
    }
  }
  return [...tasks.values()];
}

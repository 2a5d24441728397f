import { photoPost, type ScriptedEvent } from '@leakwatch/fb-sim';
import type { LeakScenario, ScenarioImage } from '@leakwatch/scenarios';

/**
 * When each demo picture appears in the demo group, counted from the simulator's start: a few
 * ordinary photos, the leaks one by one, a look-alike that must raise no match, and finally a
 * repost of the first leak (one image, two sightings). All within the first two minutes.
 */
export function demoTimeline(
  scenario: LeakScenario,
  groupVanity: string,
  startedAt: number,
): ScriptedEvent[] {
  const [leak0, leak1, leak2, leak3] = scenario.leaks;
  const [photo0, photo1] = scenario.ordinary;
  const [lookAlike0] = scenario.lookAlikes;
  const steps: [number, ScenarioImage | undefined, string][] = [
    [10_000, photo0, 'ordinary-0'],
    [20_000, leak0, 'leak-0'],
    [30_000, lookAlike0, 'look-alike-0'],
    [35_000, leak1, 'leak-1'],
    [45_000, photo1, 'ordinary-1'],
    [50_000, leak2, 'leak-2'],
    [65_000, leak3, 'leak-3'],
    [80_000, leak0, 'repost-leak-0'],
  ];
  return steps.flatMap(([atMs, image, label]) =>
    image
      ? [
          {
            atMs,
            publish: {
              group: groupVanity,
              post: photoPost({
                seed: `demo:${label}`,
                createdAt: Math.floor((startedAt + atMs) / 1000),
                text: image.caption,
                photos: [image],
              }),
            },
          },
        ]
      : [],
  );
}

import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerModules, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartOption } from '../lib/overview-charts.js';

// Only what the charts draw, so the bundle carries bars and not all of ECharts. The canvas
// renderer needs no inline script, so the charts run under the API's CSP.
registerModules([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * An Apache ECharts chart that follows its box's size. The canvas is one image to assistive
 * technology, named by `label`; the figures themselves are in a table next to it.
 */
export function EChart({
  option,
  label,
  onInstance,
}: {
  option: ChartOption;
  label: string;
  /** The live chart (for exports), and null once it is gone. */
  onInstance?: (chart: ECharts | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const created = init(element, null, { renderer: 'canvas' });
    chart.current = created;
    onInstance?.(created);
    const observer = new ResizeObserver(() => {
      created.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      onInstance?.(null);
      chart.current = null;
      created.dispose();
    };
  }, [onInstance]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, onInstance]);

  return <div ref={box} className="echart" role="img" aria-label={label} />;
}

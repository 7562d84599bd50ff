// One place that creates the app's state objects and hands them to components through context.
import { getContext, setContext } from 'svelte';
import { AppInfoState } from './app-info.svelte';
import { CompareRunsState } from './compare-runs.svelte';
import { DrawingState } from './drawing.svelte';
import { EvalState } from './eval.svelte';
import { ModelsState } from './models.svelte';
import { ResultsState } from './results.svelte';
import { TrainingState } from './training.svelte';
import { ViewState } from './view.svelte';

export interface Studio {
  drawing: DrawingState;
  results: ResultsState;
  app: AppInfoState;
  training: TrainingState;
  models: ModelsState;
  view: ViewState;
  compare: CompareRunsState;
  evaluation: EvalState;
}

const KEY = Symbol('studio');

export function createStudio(): Studio {
  const results = new ResultsState();
  const studio: Studio = {
    drawing: new DrawingState(),
    results,
    app: new AppInfoState(results),
    training: new TrainingState(),
    models: new ModelsState(),
    view: new ViewState(),
    compare: new CompareRunsState(),
    evaluation: new EvalState(),
  };
  setContext(KEY, studio);
  return studio;
}

export function useStudio(): Studio {
  const s = getContext<Studio | undefined>(KEY);
  if (!s) throw new Error('useStudio() outside the studio');
  return s;
}

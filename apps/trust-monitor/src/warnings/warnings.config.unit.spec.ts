import { ConfigurationError } from '@tillidsbarometer/runtime';
import { DEFAULT_WARNINGS_CONFIG, loadWarningsConfig } from './warnings.config';

describe('loadWarningsConfig', () => {
  it('takes the documented defaults when nothing is set (or a variable is empty)', () => {
    expect(loadWarningsConfig({})).toEqual(DEFAULT_WARNINGS_CONFIG);
    expect(loadWarningsConfig({ WARNING_ARL0_WEEKS: '' })).toEqual(DEFAULT_WARNINGS_CONFIG);
  });

  it('reads every WARNING_* variable', () => {
    const config = loadWarningsConfig({
      WARNING_ODDS_RATIO: '1.5',
      WARNING_ARL0_WEEKS: '2000',
      WARNING_DEPARTMENT_ARL0_WEEKS: '9000',
      WARNING_WARM_UP_WEEKS: '13',
      WARNING_BASELINE_WEEKS: '26',
      WARNING_BASELINE_LAG_WEEKS: '2',
      WARNING_MIN_BASELINE_WEEKS: '8',
      WARNING_MIN_BASELINE_CASES: '60',
      WARNING_QUIET_WEEKS_TO_CLEAR: '6',
      WARNING_EWMA_LAMBDA: '0.1',
      WARNING_EWMA_L: '2.7',
    });
    expect(config).toEqual({
      oddsRatio: 1.5,
      arl0Weeks: 2000,
      departmentArl0Weeks: 9000,
      warmUpWeeks: 13,
      baselineWeeks: 26,
      baselineLagWeeks: 2,
      minBaselineWeeks: 8,
      minBaselineCases: 60,
      quietWeeksToClear: 6,
      ewmaLambda: 0.1,
      ewmaL: 2.7,
    });
  });

  it.each([
    ['WARNING_ODDS_RATIO', '1'],
    ['WARNING_ODDS_RATIO', 'two'],
    ['WARNING_ARL0_WEEKS', '1'],
    ['WARNING_BASELINE_WEEKS', '26.5'],
    ['WARNING_QUIET_WEEKS_TO_CLEAR', '0'],
    ['WARNING_EWMA_LAMBDA', '0'],
    ['WARNING_EWMA_LAMBDA', '1.2'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => loadWarningsConfig({ [variable]: value })).toThrow(ConfigurationError);
    expect(() => loadWarningsConfig({ [variable]: value })).toThrow(variable);
  });

  it('refuses a minimum baseline longer than the baseline', () => {
    expect(() => loadWarningsConfig({ WARNING_BASELINE_WEEKS: '10', WARNING_MIN_BASELINE_WEEKS: '13' })).toThrow(
      'WARNING_MIN_BASELINE_WEEKS',
    );
  });
});

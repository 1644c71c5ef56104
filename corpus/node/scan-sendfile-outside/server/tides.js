export const tides = {
  brest: [{ high: '06:12', low: '12:31' }, { high: '18:40', low: '00:55' }],
  cherbourg: [{ high: '09:02', low: '15:20' }],
};

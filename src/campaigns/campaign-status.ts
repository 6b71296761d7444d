import { registerEnumType } from 'type-graphql';

export enum CampaignStatus {
  DRAFT = 'DRAFT',
  SCHEDULED = 'SCHEDULED',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ENDED = 'ENDED',
}

registerEnumType(CampaignStatus, {
  name: 'CampaignStatus',
  description:
    'Follows from the schedule and pauses: ENDED once endsAt has passed; PAUSED while paused; DRAFT without startsAt; ' +
    'SCHEDULED before startsAt; ACTIVE from startsAt until endsAt.',
});

/** What decides a campaign's status. */
export interface Schedule {
  startsAt: Date | null;
  endsAt: Date | null;
  pausedAt: Date | null;
}

/** A campaign's status at `now`: the first that applies of ENDED, PAUSED, DRAFT, SCHEDULED, ACTIVE. */
export function campaignStatus(schedule: Schedule, now: Date): CampaignStatus {
  if (schedule.endsAt && schedule.endsAt.getTime() <= now.getTime()) return CampaignStatus.ENDED;
  if (schedule.pausedAt) return CampaignStatus.PAUSED;
  if (!schedule.startsAt) return CampaignStatus.DRAFT;
  if (now.getTime() < schedule.startsAt.getTime()) return CampaignStatus.SCHEDULED;
  return CampaignStatus.ACTIVE;
}

# Pages (P1, P2) and tickets (P3, P4): subscribe the on-call and the team (setup guide).

resource "aws_sns_topic" "alarms" {
  for_each = toset(["page", "ticket"])
  name     = "${var.cluster_name}-${each.key}"
}

locals {
  alarms = {
    no-healthy-tasks = {
      summary    = "P1: No healthy task: the service is down"
      topic      = "page"
      metric     = "HealthyHostCount"
      stat       = "Minimum"
      dimensions = "target_group"
      comparison = "LessThanThreshold"
      threshold  = 1
      minutes    = 2
    }
    unhealthy-tasks = {
      summary    = "P3: A task fails its health check"
      topic      = "ticket"
      metric     = "UnHealthyHostCount"
      stat       = "Maximum"
      dimensions = "target_group"
      comparison = "GreaterThanThreshold"
      threshold  = 0
      minutes    = 10
    }
    cpu-high = {
      summary    = "P3: CPU over 90% for 15 minutes despite autoscaling"
      topic      = "ticket"
      metric     = "CPUUtilization"
      stat       = "Average"
      dimensions = "service"
      comparison = "GreaterThanThreshold"
      threshold  = 90
      minutes    = 15
    }
    memory-high = {
      summary    = "P4: Memory over 85% for 15 minutes"
      topic      = "ticket"
      metric     = "MemoryUtilization"
      stat       = "Average"
      dimensions = "service"
      comparison = "GreaterThanThreshold"
      threshold  = 85
      minutes    = 15
    }
  }
  alarm_dimensions = {
    alb = {
      LoadBalancer = aws_lb.app.arn_suffix
    }
    target_group = {
      LoadBalancer = aws_lb.app.arn_suffix
      TargetGroup  = aws_lb_target_group.app.arn_suffix
    }
    service = {
      ClusterName = var.cluster_name
      ServiceName = "shop-api"
    }
  }
  traffic_widget = {
    type   = "metric"
    width  = 24
    height = 6
    properties = {
      title  = "Requests, and p99 latency (s)"
      region = var.region
      period = 60
      metrics = [
        [
          "AWS/ApplicationELB",
          "RequestCount",
          "LoadBalancer",
          aws_lb.app.arn_suffix,
          {
            stat = "Sum"
          },
        ],
        [
          "AWS/ApplicationELB",
          "TargetResponseTime",
          "LoadBalancer",
          aws_lb.app.arn_suffix,
          {
            stat = "p99"
          },
        ],
      ]
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "app" {
  for_each            = local.alarms
  alarm_name          = "${var.cluster_name}-${each.key}"
  alarm_description   = "${each.value.summary}. Runbook: docs/devops/observability.md#${each.key}"
  namespace           = each.value.dimensions == "service" ? "AWS/ECS" : "AWS/ApplicationELB"
  metric_name         = each.value.metric
  statistic           = each.value.stat
  dimensions          = local.alarm_dimensions[each.value.dimensions]
  period              = 60
  evaluation_periods  = each.value.minutes
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  # No data (no traffic, no tasks yet) is not an outage.
  treat_missing_data = "notBreaching"
  alarm_actions      = [aws_sns_topic.alarms[each.value.topic].arn]
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name        = "${var.cluster_name}-errors"
  alarm_description = "P2: Over 5% of requests end in a 5xx. Runbook: docs/devops/observability.md#errors"
  metric_query {
    id = "m1"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      stat        = "Sum"
      period      = 60
      dimensions  = local.alarm_dimensions.alb
    }
  }
  metric_query {
    id = "m2"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      stat        = "Sum"
      period      = 60
      dimensions  = local.alarm_dimensions.alb
    }
  }
  metric_query {
    id          = "ratio"
    expression  = "IF(m2 > 0, 100 * m1 / m2, 0)"
    return_data = true
  }
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms["page"].arn]
}

resource "aws_cloudwatch_dashboard" "app" {
  dashboard_name = var.cluster_name
  dashboard_body = jsonencode({
    widgets = concat([
      for alarm in concat(values(aws_cloudwatch_metric_alarm.app), [aws_cloudwatch_metric_alarm.errors]) : {
        type       = "metric"
        width      = 12
        height     = 6
        properties = { title = alarm.alarm_name, region = var.region, annotations = { alarms = [alarm.arn] } }
      }
    ], [local.traffic_widget])
  })
}
